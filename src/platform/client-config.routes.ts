/**
 * What the log-in page must know about the server before anyone logs in: whether this is a
 * development server whose SMS codes go to its log (the page then says so) or a production one (it
 * must not). Read per request, so a test can flip NODE_ENV.
 */
import type { Platform } from './context.ts';
import type { RoutesPlugin } from './http.ts';
import { ClientConfig } from './platform.contract.ts';

export const clientConfigRoutes: RoutesPlugin<{ platform: Platform }> = async (app, { platform }) => {
  app.get('/api/config/client', {
    config: { access: 'public' },
    schema: { tags: ['platform'], summary: 'The server\'s mode for the web app (development hints on the log-in page)', response: { 200: ClientConfig } },
  }, async () => {
    const mode = process.env.NODE_ENV === 'production' ? 'production' as const : 'development' as const;
    return { mode, smsCodesInLog: mode !== 'production' && platform.config.smsProvider === 'log' };
  });
};
