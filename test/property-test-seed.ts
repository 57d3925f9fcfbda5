import fc from "fast-check";

/**
 * Property tests draw new cases on every local run, which is how they keep finding bugs. In CI
 * (CI=true) they use one fixed seed, so a landing is never decided by the luck of the draw; a failure
 * anywhere prints its seed, and `FC_SEED=<seed>` replays it.
 */
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261121 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
