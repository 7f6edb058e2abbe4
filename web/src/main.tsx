import { createRoot } from 'react-dom/client';
import 'antd/dist/antd.css'; // every component's styles, prebuilt (App.tsx: zeroRuntime)
import 'leaflet/dist/leaflet.css';
import './global.css';
import { App, startSession } from './App.tsx';
import { DICTIONARIES } from './dictionaries.ts';
import { registerDictionaries } from './shared/i18n.ts';

// before the first render: every t() below finds its feature's words
registerDictionaries(DICTIONARIES);
// drawn once who is logged in and the address's page code are known (index.html's spinner until then)
const root = createRoot(document.getElementById('root')!);
// the big screen (/screen/<region>) is a page of its own, without the console's shell: a wall may have
// nobody logged in (its kiosk token), so it does not ask who is
if (location.pathname.startsWith('/screen/')) void import('./features/screen/ScreenPage.tsx').then(({ ScreenPage }) => root.render(<ScreenPage />));
else void startSession().then((first) => root.render(<App first={first} />));
