// `npm run bench` builds and zips into its own folder so a bench never rewrites .output/chrome-mv3 under a test run.
import base from '../wxt.config';

export default { ...base, outDir: '.output/bench' };
