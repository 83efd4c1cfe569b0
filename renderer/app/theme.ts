import type { ThemeConfig } from 'antd';

/** Deep "civil-service" blue: 8.4:1 on white, so links and primary text stay readable (WCAG AAA). */
export const PRIMARY = '#1a4a8a';
export const SIDER_BG = '#0e2547';
export const FONT_STACK =
  "'Segoe UI', 'Noto Sans', 'MotCua Sans', system-ui, -apple-system, 'Helvetica Neue', Arial, sans-serif";

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY,
    colorInfo: PRIMARY,
    colorSuccess: '#237a3b',
    colorWarning: '#b25e00',
    colorError: '#b3261e',
    // Light status backgrounds (the defaults derived from these dark status colours look grey).
    colorInfoBg: '#eaf2fc',
    colorInfoBorder: '#b6cfee',
    colorSuccessBg: '#e8f5ec',
    colorSuccessBorder: '#b3dbbf',
    colorWarningBg: '#fff5e1',
    colorWarningBorder: '#f2d08e',
    colorErrorBg: '#fdeeec',
    colorErrorBorder: '#f1b9b4',
    colorLink: PRIMARY,
    colorTextBase: '#1c2430',
    colorBgLayout: '#f2f4f7',
    // Secondary text darker than Ant Design's default (4.5:1 or better on white).
    colorTextSecondary: '#4f5a6b',
    colorTextDescription: '#566173',
    colorTextTertiary: '#5f6b7c',
    colorTextPlaceholder: '#687282',
    fontFamily: FONT_STACK,
    fontSize: 15,
    fontSizeLG: 17,
    fontSizeHeading4: 19,
    fontSizeHeading3: 22,
    lineHeight: 1.55,
    borderRadius: 6,
    controlHeight: 36,
    controlHeightLG: 42,
    controlOutlineWidth: 3,
    lineWidthFocus: 3,
    wireframe: false,
  },
  components: {
    Layout: {
      siderBg: SIDER_BG,
      headerBg: '#ffffff',
      headerHeight: 64,
      headerPadding: '0 24px',
      bodyBg: '#f2f4f7',
    },
    Menu: {
      darkItemBg: SIDER_BG,
      darkSubMenuItemBg: SIDER_BG,
      darkItemSelectedBg: '#2f66b3',
      darkItemColor: 'rgba(255,255,255,0.86)',
      darkItemHoverColor: '#ffffff',
      itemHeight: 46,
      itemMarginInline: 8,
      iconSize: 17,
    },
    Table: {
      headerBg: '#eef2f8',
      rowHoverBg: '#f3f7fd',
    },
    Card: {
      headerFontSize: 17,
    },
  },
};
