/**
 * On every demo start: fresh activation codes for a few demo staff (printed once on the console, so a
 * newcomer can enroll a tablet straight from the README), and a certificate expiry for the demo office that
 * shows the 60-day warning. Codes from earlier starts that were never used are revoked first.
 */
import { addDays } from '../../src/domain/dates.ts';
import { insertActivationCode } from '../auth/device-store.ts';
import { formatActivationCode, newActivationCode, sha256Hex } from '../auth/secrets.ts';
import { findStaffMember, type StaffMember } from '../auth/staff-store.ts';
import { tokyoDate } from '../config.ts';
import type { Database } from '../db/database.ts';
import { DEMO_CARE_MANAGEMENT_OFFICE } from '../demo/demo-organisations.ts';

/** Admin and two care managers of the care-management office, and a helper of the home-help provider. */
export const DEMO_ENROLLING_STAFF = ['kyotaku-admin-1', 'kyotaku-cm-1', 'kyotaku-cm-2', 'houmon-helper-1'] as const;
export const DEMO_CODE_VALID_HOURS = 24;

export interface DemoActivationCode {
  readonly staff: StaffMember;
  readonly code: string;
  readonly expiresAt: Date;
}

export async function issueDemoActivationCodes(db: Database, clock: () => Date): Promise<DemoActivationCode[]> {
  const now = clock();
  const expiresAt = new Date(now.getTime() + DEMO_CODE_VALID_HOURS * 3_600_000);
  return db.transaction(async (tx) => {
    await tx.query(
      `UPDATE providers SET certificate_expires_at = $2 WHERE provider_number = $1 AND certificate_expires_at IS NULL`,
      [DEMO_CARE_MANAGEMENT_OFFICE.providerNumber, addDays(tokyoDate(now), 45)],
    );
    const issued: DemoActivationCode[] = [];
    for (const staffId of DEMO_ENROLLING_STAFF) {
      const staff = await findStaffMember(tx, staffId);
      if (!staff || staff.retiredAt !== null) continue;
      await tx.query(`UPDATE activation_codes SET revoked_at = $2 WHERE staff_id = $1 AND used_at IS NULL AND revoked_at IS NULL AND issued_by IS NULL`, [staffId, now]);
      const code = newActivationCode();
      await insertActivationCode(tx, { codeSha256: sha256Hex(code), staffId, deviceName: `${staff.name}のタブレット`, issuedBy: null, issuedAt: now, expiresAt });
      issued.push({ staff, code: formatActivationCode(code), expiresAt });
    }
    return issued;
  });
}

const ROLE_JA = { admin: '管理者', careManager: 'ケアマネジャー', helper: 'ヘルパー' } as const;

/** One console line per code; tests read the code after the last colon. */
export function describeDemoCode(c: DemoActivationCode): string {
  return `  端末登録コード ${ROLE_JA[c.staff.role]} ${c.staff.name}（${c.staff.staffId}）: ${c.code}`;
}
