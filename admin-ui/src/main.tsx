import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { addBrandStylesheet, tenantFromPath } from './app/tenant';
import { languageFrom, translator } from './i18n';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';

const root = document.getElementById('root');
if (root === null) {
  throw new Error('the page has no #root element');
}
const tenant = tenantFromPath(window.location.pathname);
if (tenant === null) {
  const t = translator(languageFrom(navigator.languages ?? [navigator.language]));
  const message = document.createElement('p');
  message.className = 'no-tenant';
  message.textContent = t('app.noTenant');
  root.replaceChildren(message);
} else {
  addBrandStylesheet(tenant);
  createRoot(root).render(
    <StrictMode>
      <App tenant={tenant} />
    </StrictMode>,
  );
}
