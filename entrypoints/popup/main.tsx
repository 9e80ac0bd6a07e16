import { render } from 'preact';
import { Popup } from '@/components/popup/Popup';
import '@/components/shared/ui.css';
import '@/components/popup/popup.css';

document.documentElement.lang = navigator.language;
render(<Popup />, document.getElementById('app') as HTMLElement);
