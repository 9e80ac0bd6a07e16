import { render } from 'preact';
import { Options } from '@/components/options/Options';
import '@/components/shared/ui.css';
import '@/components/options/options.css';

document.documentElement.lang = navigator.language;
render(<Options />, document.getElementById('app') as HTMLElement);
