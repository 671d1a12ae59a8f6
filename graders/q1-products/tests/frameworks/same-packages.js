// `node same-packages.js LOCK INSTALLED`: exits 0 when the installed tree
// (node_modules/.package-lock.json) has every package of the lock file at
// the same version and nothing else. Used by install.sh to skip `npm ci`.
'use strict';
const fs = require('fs');

const packages = (file) => {
  try {
    const { packages: all = {} } = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Object.entries(all)
      .filter(([path]) => path !== '')
      .map(([path, { version }]) => `${path}@${version}`)
      .sort();
  } catch {
    return null;
  }
};

const [locked, installed] = process.argv.slice(2).map(packages);
const same = locked !== null && installed !== null && locked.join('\n') === installed.join('\n');
process.exit(same ? 0 : 1);
