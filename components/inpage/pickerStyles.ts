import { BASE_CSS } from './styles';

export const PICKER_CSS = `${BASE_CSS}
.picker { position: fixed; z-index: 2147483647; background: #fff; border: 1px solid #8d9096; border-radius: 8px;
  box-shadow: 0 6px 24px rgba(15, 17, 17, .25); padding: 8px; display: flex; flex-direction: column; gap: 6px; }
.snippet { background: #fffbe6; border-left: 3px solid #f0c14b; padding: 4px 6px; max-height: 48px; overflow: hidden;
  text-overflow: ellipsis; color: #333; }
.caption { color: #565959; font-size: 11px; }
input { font: inherit; width: 100%; padding: 5px 8px; border: 1px solid #8d9096; border-radius: 4px; color: #0f1111; background: #fff; }
input:focus { outline: 2px solid #007185; outline-offset: 0; border-color: #007185; }
.options { list-style: none; margin: 0; padding: 0; max-height: 260px; overflow-y: auto; }
.option { display: flex; align-items: center; gap: 6px; padding: 5px 6px; border-radius: 4px; cursor: pointer; }
.option.active { background: #e6f2f4; }
.option .path { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.option .uses { color: #565959; font-size: 11px; }
.option.create { color: #007185; }
.dot { width: 8px; height: 8px; border-radius: 50%; flex: none; }
.empty { color: #565959; padding: 6px; }
.error { color: #b12704; }
`;
