import { createRoot } from 'react-dom/client';
import 'leaflet/dist/leaflet.css';
import './global.css';
import { App } from './App.tsx';

createRoot(document.getElementById('root')!).render(<App />);
