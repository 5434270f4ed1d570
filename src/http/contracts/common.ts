/**
 * The HTTP contract's shared pieces: common parameters, the error body, the organisation's DTOs
 * and the timestamp codec. Route files validate and serialise with these; the web app takes its
 * types from them (`z.input`, the wire shape) with type-only imports, so a change on one side that
 * the other does not follow fails the typecheck.
 */
import { z } from 'zod';
import { isIsoDate } from '../../domain/calendar.ts';

/**
 * An instant: a Date on the server, an ISO 8601 string on the wire. Responses encode it
 * (`toISOString`), so a handler returns the service's Date as it is.
 */
export const timestamp = z.codec(z.iso.datetime({ offset: true }), z.date(), { decode: (text) => new Date(text), encode: (date) => date.toISOString() });

/** A response without a body (`204 No Content`). */
export const noContent = z.void().describe('No Content');

/** A file answered as it is (a download): its bytes, not JSON; never passed through the serializer. */
export const binary = (contentType: string, description: string) => ({
  description,
  content: { [contentType]: { schema: z.custom<Buffer>((value) => Buffer.isBuffer(value)).meta({ type: 'string', format: 'binary' }) } },
});

export const uuidParam = z.strictObject({ id: z.uuid({ error: 'must be a UUID' }) });

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), messageEn: z.string(), details: z.unknown().optional() }),
});

/**
 * A real calendar day written YYYY-MM-DD: 2026-02-30 is refused here, not by the code that counts
 * with it or the database that stores it (which has no year 0000 either).
 */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' })
  .refine((value) => isIsoDate(value) && !value.startsWith('0000'), { error: 'must be a real calendar date', params: { zh: '不是有效的日期' } });

/** A non-blank name of reasonable length, trimmed. */
export const nameField = z.string().trim().min(1).max(100);

/**
 * An array whose entries (compared by `keyOf`) may not repeat: the first repeat is named in both
 * languages at its index, before anything reaches a unique index.
 *
 * @example
 * distinct(z.array(z.string().regex(/^[A-Z]{1,2}$/)), { zh: '业务类别', en: 'ticket class' })
 */
export function distinct<T extends z.ZodArray<z.ZodType>>(schema: T, word: { zh: string; en: string }, keyOf: (entry: z.infer<T>[number]) => unknown = (entry) => entry): T {
  return schema.superRefine((entries, ctx) => {
    const seen = new Set<unknown>();
    for (const [index, entry] of entries.entries()) {
      const key = keyOf(entry);
      if (seen.has(key)) {
        const shown = typeof key === 'string' || typeof key === 'number' ? String(key) : JSON.stringify(key);
        ctx.addIssue({ code: 'custom', path: [index], message: `${word.en} ${shown} repeats`, params: { zh: `${word.zh} ${shown} 重复` } });
        return;
      }
      seen.add(key);
    }
  });
}
