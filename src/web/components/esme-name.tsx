import { useParams } from 'react-router-dom';
import { wsPath } from '../api/client.js';
import type { sendingOptionsAnswer } from '../../contract/campaigns.js';
import { useCan } from '../session/permissions.js';
import { useApi } from './use-api.js';

/**
 * An ESME as the wizard names it: the Proxy's name, read from the sending options the wizard uses;
 * the id where the name is unknown (no right to the list, Proxy unreachable, ESME no longer offered).
 */
export function EsmeName({ esme }: { esme: string }) {
  const { slug } = useParams();
  const can = useCan();
  const options = useApi<typeof sendingOptionsAnswer>(slug && can('campaign.create') ? wsPath(slug, '/sending-options') : null);
  const name = options.data?.esmes.find((e) => e.id === esme)?.name;
  return <span data-testid="esme-name" title={name ? esme : undefined}>{name || esme}</span>;
}
