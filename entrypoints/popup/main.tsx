import { render } from 'preact';
import { takeEarlyOverview } from '@/components/popup/early';
import { DEFAULT_PERIOD, defaultOverview, loadOverview } from '@/components/popup/overview';
import { Popup } from '@/components/popup/Popup';
import { resolvePeriod } from '@/lib/period';
import '@/components/shared/ui.css';
import '@/components/popup/popup.css';

// The first screen's figures were asked for by popup-early.js in <head>; if not (or for another week), ask now,
// before rendering anything: the background works while the page renders.
const range = resolvePeriod(DEFAULT_PERIOD);
const early = takeEarlyOverview(range);
const initial = loadOverview(range, '', Date.now(), early?.promise);
document.documentElement.lang = navigator.language;
render(
  <Popup initial={initial} ready={early?.value && defaultOverview(early.value)} />,
  document.getElementById('app') as HTMLElement,
);
