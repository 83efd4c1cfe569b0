// Sample data shared by Vitest and Playwright tests (plain data: no core, no Node-only imports).

export const SAMPLE_UNIT = { unitCode: '000.00.53.H48', unitName: 'UBND xã Tân Phú', unitLevel: 'xã', username: 'admin', fullName: 'Nguyễn Thị Lan', pin: '246802' };

export const SAMPLE_PROCEDURE = {
  code: '1.001193',
  name: 'Đăng ký khai sinh',
  field: 'Hộ tịch',
  processingDays: 3,
  fullyOnline: false,
  resultIsPaper: true,
  feeBearing: false,
  components: [
    { name: 'Tờ khai đăng ký khai sinh', required: true, copies: 1 },
    { name: 'Giấy chứng sinh', required: true, copies: 1 },
  ],
};

export const SAMPLE_APPLICANT = { name: 'Trần Văn Đức', idNumber: '079203001234', address: '12 Lê Lợi, phường Bến Thành', phone: '0903123456', email: '' };
