import { describe, expect, it } from 'vitest';
import { addBrandStylesheet, tenantFromPath } from './tenant';

describe('tenant', () => {
  it('reads the tenant from the page path', () => {
    expect(tenantFromPath('/portal/acme')).toBe('acme');
    expect(tenantFromPath('/portal/acme/')).toBe('acme');
    expect(tenantFromPath('/portal/family-office_1/holdings')).toBe('family-office_1');
    expect(tenantFromPath('/app/index.html')).toBeNull();
    expect(tenantFromPath('/portal/')).toBeNull();
    expect(tenantFromPath('/portal/%2e%2e/x')).toBeNull();
  });

  it('links the brand stylesheet once', () => {
    addBrandStylesheet('acme');
    addBrandStylesheet('acme');
    const links = document.head.querySelectorAll('link[rel="stylesheet"]');
    expect(links).toHaveLength(1);
    expect(links[0]?.getAttribute('href')).toBe('/portal/acme/brand.css');
  });
});
