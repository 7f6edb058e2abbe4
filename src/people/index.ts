/** Public surface of the people module. */
export { AuthService, type LoginResult } from './auth.service.ts';
export { UsersService, ORGANISATION_KINDS, type NewUser, type UserView, type OrganisationKind } from './users.service.ts';
export { createSmsSender, type SmsSender } from './sms.ts';
export { peopleRoutes } from './people.routes.ts';
