import run from '@scope/cli-kit/run';
const { pick } = await import('lodash/fp');
run(pick);
