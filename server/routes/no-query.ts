// The query schema of routes that take no query parameters: an unexpected one is a 400, not ignored
// (every input is validated, so a typo or a probe never passes silently).
import { z } from 'zod';

export const NoQuery = z.object({}).strict();
