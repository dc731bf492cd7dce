// `npm start` records a deployment in local-insights when the version it runs differs from the
// last one it recorded, so the Releases page and a problem's "suspected deploy" work locally as
// they do for a pipeline's deploys (scripts/record-deployment.sh). The last recorded version is
// asked of local-insights itself, so nothing is kept on disk here.
import axios from 'axios';
import { z } from 'zod';

const ENVIRONMENT = 'local';
const Deployments = z.array(z.object({ version: z.string(), environment: z.string().nullable() }));

/** Answers what it did: 'recorded', or 'unchanged' when the newest local deployment has this version. */
export async function recordLocalDeployment(insightsUrl: string, version: string): Promise<'recorded' | 'unchanged'> {
  const http = axios.create({ baseURL: insightsUrl, timeout: 5000 });
  const newest = Deployments.parse((await http.get('/api/deployments')).data).find((d) => d.environment === ENVIRONMENT);
  if (newest?.version === version) return 'unchanged';
  await http.post('/api/deployments', { version, environment: ENVIRONMENT });
  return 'recorded';
}
