import { checkConnectionBudget, ConnectionBudgetError } from './connection-budget';

// PostgreSQL's defaults: max_connections 100, 3 reserved for superusers, reserved_connections 0.
const DEFAULT_SERVER = { maxConnections: 100, reserved: 3 };

describe('checkConnectionBudget', () => {
  it('counts every replica and the one a deploy adds, the migrate job and the operations margin', () => {
    expect(checkConnectionBudget({ apiReplicas: 2, apiPoolSize: 10 }, DEFAULT_SERVER)).toBe(
      '(2 API replicas + 1 during a deploy) x pool 10 + 2 migrate + 5 operations = 37' +
        ' <= max_connections 100 - 3 reserved = 97',
    );
  });

  it('accepts a budget that fills the server exactly, refuses one connection more', () => {
    // (8 + 1) x 10 + 2 + 5 = 97
    expect(() => checkConnectionBudget({ apiReplicas: 8, apiPoolSize: 10 }, DEFAULT_SERVER)).not.toThrow();
    expect(() =>
      checkConnectionBudget({ apiReplicas: 8, apiPoolSize: 10 }, { maxConnections: 99, reserved: 3 }),
    ).toThrow(ConnectionBudgetError);
  });

  it('says what exceeds and what to change', () => {
    expect(() => checkConnectionBudget({ apiReplicas: 9, apiPoolSize: 10 }, DEFAULT_SERVER)).toThrow(
      'connection budget exceeded: (9 API replicas + 1 during a deploy) x pool 10 + 2 migrate + 5 operations = 107' +
        ' > max_connections 100 - 3 reserved = 97. Lower API_REPLICAS or DB_POOL_SIZE, or raise max_connections',
    );
  });
});
