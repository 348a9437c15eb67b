/** Dependency-injection token for the ReadStore port. */
export const READ_STORE = Symbol('ReadStore');
