// The national portal as the relay sees it (../shared/domain/one-stop-rules.md §9): look a
// dossier up, create or update dossiers in batches, add history steps. LgspPortalAdapter (./lgsp)
// speaks the provincial gateway's {session, madonvi, service, ...} POSTs; another gateway or a
// direct connection implements the same three calls.

/** DongBoHoSoMC's dossier record (fields as the portal names them; times yyyyMMddHHmmss, UTC+7). */
export interface NationalDossier {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  KenhThucHien: number;
  ChuHoSo: string;
  LoaiDoiTuong: number;
  SoDienThoai: string;
  TrichYeuHoSo: string;
  NgayTiepNhan: string;
  NgayHenTra: string;
  TrangThaiHoSo: number;
  NgayTra: string;
  DonViXuLy: string;
  HoSoCoThanhPhanSoHoa: number;
  DuocThanhToanTrucTuyen: number;
  NgayNopHoSo: string;
  TaiLieuNop: { TenTepDinhKem: string; MaThanhPhanHoSo: string; DuongDanTaiTepTin: string; DuocSoHoa: number; DuocTaiSuDung: number; DuocLayTuKhoDMQG: number }[];
  DanhSachLePhi: { TenPhiLePhi: string; MaPhiLePhi: string; HinhThucThu: number; Gia: number }[];
  DanhSachGiayToKetQua: { TenGiayTo: string; MaGiayTo: string; DuongDanTepTinKetQua: string }[];
  DinhDanhCHS: { LoaiDinhDanh: number; SoDinhDanh: string }[];
}

/** CapNhatTienDoHoSoMC's history step. */
export interface ProgressStep {
  MaHoSo: string;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: number;
  NgayBatDau: string;
  NgayKetThucTheoQuyDinh: string;
}

/** The portal's answer to a call (error_code 0 = ok). */
export interface PortalAnswer {
  ok: boolean;
  /** The dossier exists already: resend as an update. */
  alreadyExists: boolean;
  errorCode: number | string | null;
  message: string;
  /** The portal's whole answer, recorded in relay_log. */
  raw: unknown;
}

/** The portal or the gateway could not answer (network, 5xx): try again later. */
export class PortalUnavailable extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
  }
}

export interface PortalAdapter {
  /** TraCuuHoSo: does the portal know this dossier? */
  lookup(maHoSo: string): Promise<{ found: boolean; answer: PortalAnswer }>;
  /** DongBoHoSoMC. */
  pushDossiers(batch: NationalDossier[], isUpdating: boolean): Promise<PortalAnswer>;
  /** CapNhatTienDoHoSoMC. */
  pushProgress(steps: ProgressStep[]): Promise<PortalAnswer>;
}
