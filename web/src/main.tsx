import { createRoot } from 'react-dom/client';
import 'antd/dist/antd.css'; // every component's styles, prebuilt (App.tsx: zeroRuntime)
import 'leaflet/dist/leaflet.css';
import './global.css';
import { App } from './App.tsx';
import { DICTIONARIES } from './dictionaries.ts';
import { registerDictionaries } from './shared/i18n.ts';

// before the first render: every t() below finds its feature's words
registerDictionaries(DICTIONARIES);
createRoot(document.getElementById('root')!).render(<App />);
