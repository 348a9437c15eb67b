describe('loading the EventStoreDB adapter', () => {
  it('loads the client (and gRPC) only when a store connects, not with its entry point', () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      jest.doMock('@eventstore/db-client', () => {
        loaded.push('@eventstore/db-client');
        return { EventStoreDBClient: { connectionString: (s: string) => ({ connectedTo: s }) } };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded inside isolateModules, after the mock
      const lib = require('./index') as typeof import('./index');
      expect(loaded).toEqual([]);
      expect(lib.connectEsdb('kurrentdb://localhost:2113?tls=false')).toEqual({
        connectedTo: 'esdb://localhost:2113?tls=false',
      });
      expect(loaded).toEqual(['@eventstore/db-client']);
    });
  });
});
