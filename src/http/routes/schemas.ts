/**
 * The shared request pieces moved to src/http/contracts/common.ts; this re-export remains only
 * while case.routes.ts still imports from here.
 */
export { calendarDate, distinct, uuidParam } from '../contracts/common.ts';
