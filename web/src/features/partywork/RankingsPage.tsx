/**
 * 党员服务力 for the staff who read the area's party work without publishing tasks or reviewing visits
 * (a township's leaders and command room, the district): the rankings alone, as the grid worker's tab shows them.
 */
import { Card } from 'antd';
import type { Me } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { Rankings } from './Rankings.tsx';

export function RankingsPage({ me }: { me: Me }) {
  return (
    <Card title={t('pw_navRankings')} style={{ maxWidth: 880 }} data-testid="pw-rankings-page">
      <Rankings me={me} />
    </Card>
  );
}
