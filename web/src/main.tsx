import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App.tsx';
import { SessionProvider } from './app/session.tsx';
import { I18nProvider } from './i18n.tsx';
import { keepEarlyKeys } from './shared/early-keys.ts';

// Keys typed while the app is still loading are kept for the screen that wants them (the intake lookup).
keepEarlyKeys();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <I18nProvider>
      <BrowserRouter>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </I18nProvider>
  </StrictMode>,
);
