/**
 * Bump when generation changes, so cached seed images made by older code are not reused.
 * Kept apart from generate.ts so that checking a cache never loads faker.
 */
export const GENERATOR_VERSION = 9;
