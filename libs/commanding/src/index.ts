// Command handling on deciders (after Emmett): load a stream, decide, append at the revision read.
export * from './decider';
export * from './command-checks';
