// `npm run bench` builds and zips into its own folder so a bench never rewrites .output/chrome-mv3 under a test run.
// BENCH_OUT_DIR gives a folder of its own to each of several benches run side by side.
import base from '../wxt.config';

export default { ...base, outDir: process.env.BENCH_OUT_DIR ?? '.output/bench' };
