import { askOverviewEarly } from '@/components/popup/early';

// Loaded by popup.html's <head> as a classic script, before the popup's modules (components/popup/early.ts).
export default defineUnlistedScript(() => askOverviewEarly());
