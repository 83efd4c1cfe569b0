// What the receiver holds about a dossier, as the portal's records (§9): times yyyyMMddHHmmss in
// Asia/Ho_Chi_Minh, files as URLs the portal downloads from (/files/:sha256), the applicant's
// identity number as DinhDanhCHS.
import { statusLabel, isDossierStatus } from '../../shared/domain/dossier-status';
import { vietnamParts } from '../../shared/domain/vietnam-time';
import { FILE_PATHS, type DossierKey, type DossierReception, type DossierUpstream } from '../../shared/contract/sync';
import type { NationalDossier, ProgressStep } from './adapter';

const two = (n: number) => String(n).padStart(2, '0');

/** yyyyMMddHHmmss in Vietnam's time; '' for no time. */
export function portalTime(at: string | number | null | undefined): string {
  if (at === null || at === undefined || at === '') return '';
  const p = vietnamParts(at);
  return `${String(p.year).padStart(4, '0')}${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}${two(p.second)}`;
}

export interface ComponentFileRow {
  componentCode: string;
  name: string;
  sha256: string;
  digitized: boolean;
  reused: boolean;
  fromNationalStore: boolean;
  removed: boolean;
}

/** DinhDanhCHS from the applicant's id: 12 digits → type 1 (CCCD), 9 digits → type 2 (old ID card). */
export function applicantIdentity(idNumber: string | undefined): NationalDossier['DinhDanhCHS'] {
  const id = (idNumber ?? '').trim();
  if (/^\d{12}$/.test(id)) return [{ LoaiDinhDanh: 1, SoDinhDanh: id }];
  if (/^\d{9}$/.test(id)) return [{ LoaiDinhDanh: 2, SoDinhDanh: id }];
  return [];
}

/** Whether the receiver holds enough to send the dossier (the desk's reception has arrived). */
export function readyToSend(fields: Record<string, unknown>): boolean {
  return typeof fields.receivedAt === 'string' && typeof fields.procedureCode === 'string';
}

/** A dossier's fields as the receiver holds them: the desk's reception data and what upstream set. */
export type DossierFields = DossierReception & DossierUpstream;

export function nationalDossier(key: DossierKey, fields: Record<string, unknown>, files: ComponentFileRow[], publicBaseUrl: string): NationalDossier {
  const f = fields as DossierFields;
  const base = publicBaseUrl.replace(/\/+$/, '');
  const kept = files.filter((x) => !x.removed);
  const paidOnline = Number(f.paidOnline ?? 0);
  return {
    MaHoSo: key.code,
    MaTTHC: f.procedureCode ?? '',
    TenTTHC: f.procedureName ?? '',
    MaLinhVuc: f.fieldCode ?? '',
    KenhThucHien: f.channel ?? 1,
    ChuHoSo: f.applicant?.name ?? '',
    LoaiDoiTuong: f.applicantType ?? 1,
    SoDienThoai: f.applicant?.phone ?? '',
    TrichYeuHoSo: f.summary ?? '',
    NgayTiepNhan: portalTime(f.receivedAt),
    NgayHenTra: portalTime(f.dueAt),
    TrangThaiHoSo: f.status ?? 2,
    NgayTra: portalTime(f.returnedAt),
    DonViXuLy: key.unitCode,
    HoSoCoThanhPhanSoHoa: kept.some((x) => x.digitized) ? 1 : 0,
    DuocThanhToanTrucTuyen: paidOnline,
    NgayNopHoSo: portalTime(f.submittedAt ?? f.receivedAt),
    TaiLieuNop: kept.map((x) => ({
      TenTepDinhKem: x.name,
      MaThanhPhanHoSo: x.componentCode,
      DuongDanTaiTepTin: `${base}${FILE_PATHS.public(x.sha256)}`,
      DuocSoHoa: x.digitized ? 1 : 0,
      DuocTaiSuDung: x.reused ? 1 : 0,
      DuocLayTuKhoDMQG: x.fromNationalStore ? 1 : 0,
    })),
    // HinhThucThu: 1 direct, 2 online (our reading).
    DanhSachLePhi: (f.fees ?? []).map((fee) => ({ TenPhiLePhi: fee.name, MaPhiLePhi: '', HinhThucThu: paidOnline ? 2 : 1, Gia: fee.amount })),
    DanhSachGiayToKetQua: f.resultFile ? [{ TenGiayTo: 'Kết quả giải quyết', MaGiayTo: f.resultCode ?? '', DuongDanTepTinKetQua: f.resultFile }] : [],
    DinhDanhCHS: applicantIdentity(f.applicant?.idNumber),
  };
}

export function progressStep(code: string, e: { status: number; at: string; officerName?: string; officerTitle?: string; department?: string; note?: string; dueAt?: string | null }): ProgressStep {
  return {
    MaHoSo: code,
    NguoiXuLy: e.officerName ?? '',
    ChucDanh: e.officerTitle ?? '',
    ThoiDiemXuLy: portalTime(e.at),
    PhongBanXuLy: e.department ?? '',
    NoiDungXuLy: e.note || (isDossierStatus(e.status) ? statusLabel(e.status) : ''),
    TrangThai: e.status,
    NgayBatDau: portalTime(e.at),
    NgayKetThucTheoQuyDinh: portalTime(e.dueAt),
  };
}
