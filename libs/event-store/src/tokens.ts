/** Dependency-injection tokens; plain symbols so the libs stay free of any framework. */
export const EVENT_STORE = Symbol('EventStore');
