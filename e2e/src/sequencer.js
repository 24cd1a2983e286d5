// Stack test files share one running stack: run them in file-name order, so the ones that stop,
// restart or wipe services (numbered 90 and up) come after those that only look.
const Sequencer = require('@jest/test-sequencer').default;

module.exports = class ByName extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
};
