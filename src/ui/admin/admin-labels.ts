/**
 * Message keys for the admin screens' enumerations: staff roles, audit actions and outcomes. The audit action
 * list keeps the contract's order (AUDIT_ACTIONS), which is also the order of the action filter.
 */
import type { StaffRole } from '../../domain/organisations.ts';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '../../protocol/admin.ts';
import type { MessageKey } from '../i18n/translate.ts';

const ROLE_KEYS: Record<StaffRole, MessageKey> = {
  careManager: 'adminRoleCareManager',
  helper: 'adminRoleHelper',
  admin: 'adminRoleAdmin',
};

const ACTION_KEYS: Record<AuditAction, MessageKey> = {
  'people.list': 'adminActionPeopleList',
  'person.read': 'adminActionPersonRead',
  'person.view': 'adminActionPersonView',
  'documents.read': 'adminActionDocumentsRead',
  'notices.list': 'adminActionNoticesList',
  signIn: 'adminActionSignIn',
  signOut: 'adminActionSignOut',
  'device.enroll': 'adminActionDeviceEnroll',
  'device.revoke': 'adminActionDeviceRevoke',
  'device.wipe': 'adminActionDeviceWipe',
  'staff.offboard': 'adminActionStaffOffboard',
  'activationCode.issue': 'adminActionActivationCodeIssue',
  'passkey.register': 'adminActionPasskeyRegister',
  'audit.export': 'adminActionAuditExport',
};

const OUTCOME_KEYS: Record<AuditEntry['outcome'], MessageKey> = {
  allowed: 'adminOutcomeAllowed',
  denied: 'adminOutcomeDenied',
  failed: 'adminOutcomeFailed',
};

export function roleKey(role: StaffRole): MessageKey {
  return ROLE_KEYS[role];
}

export function auditActionKey(action: AuditAction): MessageKey {
  return ACTION_KEYS[action];
}

export function auditOutcomeKey(outcome: AuditEntry['outcome']): MessageKey {
  return OUTCOME_KEYS[outcome];
}

/** The action filter's options, in the contract's order. */
export const AUDIT_ACTION_OPTIONS: readonly { action: AuditAction; key: MessageKey }[] = AUDIT_ACTIONS.map((action) => ({ action, key: ACTION_KEYS[action] }));
