import { ROUTES } from '../../../src/server/routes.js';

/** Flows whose API has not landed yet are skipped (`it.skipIf(!routesExist(...))`) and run once it does. */
export function routesExist(...specs: string[]): boolean {
  return specs.every((spec) => {
    const [method, url] = spec.split(' ');
    return ROUTES.some((r) => r.method === method && r.url === url);
  });
}
