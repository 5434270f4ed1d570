/** Staff sign-in and the signed-in identity (/api/auth). */
import { z } from 'zod';
import { timestamp } from './common.ts';
import { staffSchema } from './staff.ts';

export const loginBody = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) });

export const signedInSchema = z.object({ staff: staffSchema, expiresAt: timestamp });

export const meSchema = z.object({
  kind: z.enum(['staff', 'api_key']),
  staff: staffSchema.nullable(),
  apiKey: z.object({ id: z.string(), name: z.string() }).nullable(),
});
