/**
 * 首页: a workbench for each kind of user (issue 15) — the command room's day, a leader's area, a grid
 * worker's tasks on the phone, a villager's reports and points. Which one follows the person's roles
 * (the work they do), and every one starts with who they are and where they work.
 */
import { Tag, Typography } from 'antd';
import type { Me, Role } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { CommandRoomHome } from './CommandRoomHome.tsx';
import { GridWorkerHome } from './GridWorkerHome.tsx';
import { LeaderHome } from './LeaderHome.tsx';
import { ResidentHome } from './ResidentHome.tsx';

const ROOM = ['operator', 'dispatcher', 'shift_lead', 'admin'];
const FIELD = ['grid_worker', 'handler'];

export type HomeKind = 'room' | 'leader' | 'field' | 'resident';

export function homeKind(me: Me): HomeKind {
  const roles = new Set(me.memberships.map((m) => m.role));
  if (me.kind !== 'staff') return 'resident';
  if (ROOM.some((r) => roles.has(r))) return 'room';
  if (roles.has('leader')) return 'leader';
  if (FIELD.some((r) => roles.has(r))) return 'field';
  // a party member as such reports and earns like a villager: no area's cases to read
  return 'resident';
}

/** Name, roles and the places they hold them: the line every home starts with. */
function WhoAmI({ me }: { me: Me }) {
  const held = me.memberships.filter((m) => m.scope !== '');
  return (
    <div data-testid="home-card" style={{ marginBottom: 8, display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
      <Typography.Text strong>{me.displayName}</Typography.Text>
      {held.map((m) => (
        <Tag key={m.role + m.regionCode} color="blue" style={{ marginInlineEnd: 0 }}>{t(`role_${m.role as Role}`)} · <span>{me.regionNames[m.regionCode] ?? m.regionCode}</span></Tag>
      ))}
    </div>
  );
}

export function HomePage({ me }: { me: Me }) {
  const kind = homeKind(me);
  return (
    <>
      <WhoAmI me={me} />
      {kind === 'room' && <CommandRoomHome />}
      {kind === 'leader' && <LeaderHome />}
      {kind === 'field' && <GridWorkerHome />}
      {kind === 'resident' && <ResidentHome />}
    </>
  );
}
