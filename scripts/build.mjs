// Bundles src/cli.tsx into one ESM file (dist/fwtui.mjs): start-up reads one file instead of hundreds.
import { bundle, root } from './bundle.mjs';

await bundle({ outfile: `${root}dist/fwtui.mjs`, standalone: false });
