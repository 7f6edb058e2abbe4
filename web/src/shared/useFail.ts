/** Tell the person what went wrong, in words of the error's code (never a server's English in the Chinese UI). */
import { App } from 'antd';
import { errorText } from './errors.ts';

export function useFail(): (e: unknown) => void {
  const { message } = App.useApp();
  return (e: unknown) => void message.error(errorText(e));
}
