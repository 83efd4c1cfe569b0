// Areas that later issues fill in. Each says honestly what will be there.
import { CloudSyncOutlined } from '@ant-design/icons';
import { Card, Result, Tag } from 'antd';
import type { ReactNode } from 'react';
import { PageHead } from '../app/Shell';
import { t, type MessageKey } from '../i18n';

function ComingSoon({ title, description, icon, testId }: { title: MessageKey; description: MessageKey; icon: ReactNode; testId: string }) {
  return (
    <section data-testid={testId}>
      <PageHead title={t(title)} />
      <Card>
        <Result
          icon={<span style={{ fontSize: 64, color: '#1a4a8a', opacity: 0.85 }}>{icon}</span>}
          title={t(title)}
          subTitle={<span style={{ fontSize: 15, maxWidth: 640, display: 'inline-block' }}>{t(description)}</span>}
          extra={<Tag color="blue">{t('common.soon')}</Tag>}
        />
      </Card>
    </section>
  );
}

export function SyncScreen() {
  return <ComingSoon testId="screen-sync" title="sync.title" description="sync.empty" icon={<CloudSyncOutlined />} />;
}
