// The baseline broker: the same Aedes the platform embeds, with no hooks (every client may publish and
// subscribe), so the bench measures the raw broker → subscriber rate. Prints its port when listening.
import net from 'node:net';
import { Aedes } from 'aedes';

const broker = await Aedes.createBroker({ heartbeatInterval: 3_600_000 });
const server = net.createServer(broker.handle);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
