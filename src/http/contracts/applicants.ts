/** Applicants (persons and organisations) and the licences they hold (/api/applicants). */
import { z } from 'zod';
import { calendarDate } from './common.ts';

export const applicantSchema = z.object({
  id: z.string(),
  kind: z.enum(['person', 'organisation']),
  name: z.string(),
  idMasked: z.string().nullable().describe('resident ID, masked: region code and last four only'),
  uscc: z.string().nullable(),
  legalRepresentative: z.string(),
  phone: z.string(),
  address: z.string(),
  gender: z.enum(['male', 'female']).nullable(),
  birthDate: z.string().nullable(),
  regionCode: z.string().nullable().describe('where the applicant was registered: staff covering it edit the record'),
});

export const heldLicenceSchema = z.object({
  id: z.string(),
  holderId: z.string(),
  licenceType: z.string(),
  number: z.string(),
  name: z.string(),
  issuer: z.string(),
  issuedOn: z.string(),
  validUntil: z.string().nullable(),
  source: z.enum(['issued', 'imported']),
  status: z.enum(['valid', 'revoked']),
});

const text = (max: number) => z.string().trim().max(max);
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-\s]{0,20}$/, { error: 'digits, +, - only' });

export const registerApplicantBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('person'), idNumber: z.string().trim().max(18), name: text(50).min(1), phone: phone.default(''), address: text(200).default('') }),
  z.strictObject({
    kind: z.literal('organisation'),
    uscc: z.string().trim().max(18),
    name: text(100).min(1),
    legalRepresentative: text(50).default(''),
    phone: phone.default(''),
    address: text(200).default(''),
  }),
]);
export const lookupApplicantBody = z.strictObject({
  idNumber: z.string().trim().max(18).optional(),
  uscc: z.string().trim().max(18).optional(),
  phone: phone.optional(),
  name: text(100).min(1).optional().describe('with phone only: the applicant of that name among those registered with the phone (who came without their ID card)'),
});
export const updateApplicantBody = z.strictObject({ name: text(100).min(1).optional(), phone: phone.optional(), address: text(200).optional(), legalRepresentative: text(50).optional() });
export const importLicenceBody = z.strictObject({ licenceType: text(100).min(1), number: text(100).min(1), name: text(200).min(1), issuer: text(200).min(1), issuedOn: calendarDate, validUntil: calendarDate.nullable().default(null) });
