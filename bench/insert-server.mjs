// A second baseline for report submission: a bare Fastify route that stores its JSON body with one
// INSERT (pg pool of 10, one commit a request) — the least a durable write over HTTP costs here.
// Prints its port when listening.
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query('CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), body jsonb NOT NULL)');
const app = Fastify({ logger: false });
app.post('/insert', async (req) => {
  const { rows } = await pool.query('INSERT INTO bench_insert (body) VALUES ($1) RETURNING id', [req.body]);
  return { id: rows[0].id };
});
app.get('/healthz', async () => ({ status: 'ok' }));
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`LISTENING ${new URL(address).port}`);
