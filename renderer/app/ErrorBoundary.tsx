import { Button, Result } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { t } from '../i18n';

interface Props {
  children: ReactNode;
  /** Changing this key resets the boundary (e.g. when the officer switches area). */
  resetKey?: string;
}
interface State {
  error: Error | null;
  resetKey?: string;
}

/** One per screen: a crash in one area never takes the shell (or the other areas) down. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey !== state.resetKey) return { error: null, resetKey: props.resetKey };
    return null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('[motcua] màn hình gặp sự cố', error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <Result
          status="warning"
          title={t('error.screenCrashed')}
          subTitle={t('error.screenCrashedHint')}
          extra={
            <Button type="primary" onClick={() => this.setState({ error: null })}>
              {t('error.reloadScreen')}
            </Button>
          }
        />
      );
    }
    return this.props.children;
  }
}
