import { render } from 'preact';
import { DEFAULT_PERIOD, loadOverview } from '@/components/popup/overview';
import { Popup } from '@/components/popup/Popup';
import { resolvePeriod } from '@/lib/period';
import '@/components/shared/ui.css';
import '@/components/popup/popup.css';

// Ask for the first screen's figures before rendering anything: the background works while the page renders.
const initial = loadOverview(resolvePeriod(DEFAULT_PERIOD), '');
document.documentElement.lang = navigator.language;
render(<Popup initial={initial} />, document.getElementById('app') as HTMLElement);
