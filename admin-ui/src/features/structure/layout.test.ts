import { describe, expect, it } from 'vitest';
import { layoutTopDown } from './layout';

describe('layoutTopDown', () => {
  it('places holders above the entities they hold', () => {
    const placed = layoutTopDown(['family', 'anna', 'holdco', 'opco'], [
      { holderId: 'family', entityId: 'anna' },
      { holderId: 'anna', entityId: 'holdco' },
      { holderId: 'holdco', entityId: 'opco' },
    ]);
    const y = new Map(placed.map((p) => [p.id, p.y]));
    expect(y.get('family')).toBeLessThan(y.get('anna') ?? 0);
    expect(y.get('anna')).toBeLessThan(y.get('holdco') ?? 0);
    expect(y.get('holdco')).toBeLessThan(y.get('opco') ?? 0);
  });

  it('lays out cross-holdings without failing', () => {
    const placed = layoutTopDown(['a', 'b'], [{ holderId: 'a', entityId: 'b' }, { holderId: 'b', entityId: 'a' }]);
    expect(placed).toHaveLength(2);
  });
});
