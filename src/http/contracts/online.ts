/** The online channel's identity (/api/applicant): codes, sessions, the real-name binding and businesses. */
import { z } from 'zod';
import { bindingStates, businessRoles, codePurposes, verificationMethods } from '../../domain/online-identity.ts';
import { timestamp } from './common.ts';

const phone = z.string().trim().max(20);

export const sendCodeBody = z.strictObject({
  phone,
  purpose: z.enum(codePurposes),
  /** For `confirm`: what the code confirms (e.g. an agent authorisation's id). */
  subjectId: z.string().trim().min(1).max(100).optional(),
});

export const codeSentSchema = z.object({
  sent: z.literal(true),
  expiresAt: timestamp,
  resendAfterSeconds: z.number().int(),
  /** Demo only (`serve --demo`): the code itself, since no SMS leaves. */
  demoCode: z.string().optional(),
});

export const applicantSignInBody = z.strictObject({ phone, code: z.string().trim().max(12) });

export const accountSchema = z.object({
  accountId: z.string(),
  phone: z.string(),
  binding: z.enum(bindingStates),
  verifiedBy: z.enum(verificationMethods).nullable(),
  person: z.object({ applicantId: z.string(), name: z.string(), idMasked: z.string() }).nullable(),
  boundAt: timestamp.nullable(),
  createdAt: timestamp,
  lastSignInAt: timestamp.nullable(),
  actingFor: z
    .object({ applicantId: z.string(), role: z.enum(businessRoles) })
    .nullable()
    .optional(),
});

export const applicantSignedInSchema = z.object({ account: accountSchema, expiresAt: timestamp });

export const bindIdentityBody = z.strictObject({ name: z.string().max(50), residentId: z.string().max(30) });

export const onlineOptionsSchema = z.object({ oidc: z.boolean(), codeDigits: z.number().int(), resendAfterSeconds: z.number().int() });

export const registerBusinessBody = z.strictObject({ uscc: z.string().trim().max(30), name: z.string().max(100).optional() });

export const businessSchema = z.object({
  applicantId: z.string(),
  name: z.string(),
  uscc: z.string(),
  legalRepresentative: z.string(),
  role: z.enum(businessRoles),
  since: timestamp,
});

export const handlerSchema = z.object({ id: z.string(), name: z.string(), phone: z.string(), role: z.enum(businessRoles), addedAt: timestamp });

export const addHandlerBody = z.strictObject({ phone });

export const handlerParams = z.strictObject({ id: z.uuid({ error: 'must be a UUID' }), handlerId: z.uuid({ error: 'must be a UUID' }) });

export const oidcCallbackQuery = z.object({ code: z.string().max(2000).optional(), state: z.string().max(500).optional(), error: z.string().max(500).optional(), iss: z.string().max(500).optional() });

export const counterVerifyBody = z.strictObject({ idNumber: z.string().trim().max(30) });

export const counterVerifiedSchema = z.object({ accountId: z.string(), phone: z.string(), binding: z.enum(bindingStates), verifiedBy: z.enum(verificationMethods).nullable() });
