/**
 * The dispatch target of 派遣 and 立案并派遣: the server's suggestion (from the category's lead kind
 * and the case's grid — its grid worker first) preselected and still editable; never the command room.
 * The chosen option's `send` fields go into the action body (see ActionDialog).
 */
import { useEffect, useState } from 'react';
import { Alert, Form, Select, type FormInstance } from 'antd';
import { api, type Role } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import type { DispatchTargets } from '../../../../src/cases/cases.contract.ts';
import type { OrganisationKind } from '../../../../src/people/users.service.ts';

export type Targets = DispatchTargets;
export type TargetOption = DispatchTargets['options'][number];
/** Why no target is suggested (src/cases/dispatch-targets.ts, a plain string in the contract). */
type NoDefaultReason = 'CATEGORY_REQUIRED' | 'QUESTION' | 'NO_GRID_WORKER' | 'NO_LEAD_ORGANISATION';

/** The suggestions for this case and (while registering) the chosen category; reloaded when it changes. */
export function useDispatchTargets(caseId: string, enabled: boolean, category: string | null | undefined): Targets | null {
  const [targets, setTargets] = useState<Targets | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void api<Targets>(`/api/cases/${caseId}/dispatch-targets${category ? `?category=${category}` : ''}`).then((r) => { if (live) setTargets(r); }, () => undefined);
    return () => { live = false; };
  }, [caseId, enabled, category]);
  return targets;
}

const labelOf = (o: TargetOption) => {
  if (o.kind === 'grid_worker') return `${t('intake_thisGridWorker')} · ${o.label}`;
  const what = o.kind === 'organisation' ? t(`org_${o.role as OrganisationKind}`) : t(`role_${o.role as Role}`);
  return `${o.label} · ${what}${o.lead ? ` · ${t('intake_leadOrg')}` : ''}`;
};

export function DispatchTargetFields({ form, targets, touched }: { form: FormInstance; targets: Targets | null; touched: boolean }) {
  // the suggestion fills the field until the user picks one (a restored draft counts as picked)
  useEffect(() => {
    if (targets && !touched) form.setFieldsValue({ target: targets.default ?? undefined });
  }, [targets, touched, form]);
  const options = targets?.options ?? [];
  const option = (o: TargetOption) => ({ value: o.key, label: o.key === targets?.default ? `${labelOf(o)}（${t('intake_suggested')}）` : labelOf(o) });
  return (<>
    {targets && !targets.default && targets.reason && <Alert style={{ marginBottom: 12 }} type="info" showIcon data-testid="dispatch-no-default" title={t(`intake_noDefault_${targets.reason as NoDefaultReason}`)} />}
    <Form.Item name="target" label={t('assignTo')} rules={[{ required: true, message: t('required') }]}>
      <Select showSearch optionFilterProp="label" data-testid="dispatch-target" options={[
        { label: t('person'), options: options.filter((o) => o.kind !== 'organisation').map(option) },
        { label: t('organisation'), options: options.filter((o) => o.kind === 'organisation').map(option) },
      ]} />
    </Form.Item>
    <Form.Item name="coHandlers" label={t('coHandlers')}>
      <Select mode="multiple" showSearch optionFilterProp="label" data-testid="dispatch-co" options={options.filter((o) => o.kind === 'organisation').map((o) => ({ value: o.key, label: o.label }))} />
    </Form.Item>
  </>);
}

/** The body fields of the chosen target and co-handlers. */
export function targetBody(targets: Targets | null, target: string, coHandlers: string[] = []): Record<string, unknown> {
  const chosen = targets?.options.find((o) => o.key === target);
  return {
    ...(chosen?.send ?? {}),
    coHandlers: coHandlers.map((key) => { const [, id] = key.split(':'); return { orgId: id }; }),
  };
}
