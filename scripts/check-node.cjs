// Runs first in every `npm run` entry point (package.json): when the Node that npm found is older than the
// engines field asks for, say so in one sentence and stop, rather than let Node fail on the first `.ts` file.
// CommonJS with nothing newer than Node 8 can parse, because its whole point is to run on an old Node.
'use strict';

const { execPath, versions } = process;
const wanted = require('../package.json').engines.node; // ">=22.22.0"
const least = (wanted.match(/\d+(\.\d+)*/) || ['0'])[0];

const parts = (version) => version.split('.').map(Number);
const older = (a, b) => {
  for (let i = 0; i < 3; i++) if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) < (b[i] || 0);
  return false;
};

if (older(parts(versions.node), parts(least))) {
  process.stderr.write(
    `this project needs Node >= ${least} (found ${versions.node} at ${execPath}); run: bash scripts/setup.sh\n`,
  );
  process.exit(1);
}
