// Jest's default order puts the slowest test files first only once it has timings cached from an earlier run;
// a clean clone (CI) has none and orders by file size, which starts the longest file, the auth0-deploy-cli
// test (~4 min: the CLI's own schema compile costs ~30 s of CPU per call), near the end, where it runs alone
// while the other worker idles. These files are known to be long: they start first, the rest keep jest's order.
const Sequencer = require('@jest/test-sequencer').default;

const SLOW_FIRST = [
  'test/real-clients/deploy-cli.e2e-spec.ts',
  'test/e2e/simultaneous-start.e2e-spec.ts',
  'test/replay/replay.e2e-spec.ts',
  'test/reliability/r2-hostile-input.reliability-spec.ts',
  'test/e2e/dcr-rate-limit-instances.e2e-spec.ts',
  'test/e2e/process.e2e-spec.ts',
  'test/e2e/cli.e2e-spec.ts',
];

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const i = SLOW_FIRST.findIndex((suffix) => test.path.replace(/\\/g, '/').endsWith(suffix));
      return i === -1 ? SLOW_FIRST.length : i;
    };
    const sorted = super.sort(tests);
    const order = new Map(sorted.map((test, i) => [test, i]));
    return [...sorted].sort((a, b) => rank(a) - rank(b) || order.get(a) - order.get(b));
  }
}

module.exports = SlowFirstSequencer;
