/**
 * A QR code for any address, drawn in the browser with `qrcode`: a progress-query link on a
 * printed notice, a kiosk ticket's link, or an e-licence's public verification page
 * (`licenceVerifyUrl` in features/verify/model.ts) so anyone can scan a screen or a printed result
 * and see whether it is genuine and in force.
 *
 * @example
 * <QrImage value={progressQueryUrl(caseNo)} size={96} alt="扫码查询办理进度" />
 * <QrImage value={licenceVerifyUrl(licence.identifier)} size={96} alt="电子证照核验二维码" />
 */
import { useEffect, useState, type CSSProperties } from 'react';
import QRCode from 'qrcode';

export interface QrImageProps {
  /** The text the code carries, usually an absolute URL. */
  value: string;
  /** Width and height in CSS pixels; drawn at twice that so it prints sharp. */
  size?: number;
  alt?: string;
  className?: string;
  style?: CSSProperties;
}

export function QrImage({ value, size = 128, alt, className, style }: QrImageProps) {
  const [image, setImage] = useState<{ value: string; dataUrl: string } | null>(null);

  useEffect(() => {
    let current = true;
    QRCode.toDataURL(value, { errorCorrectionLevel: 'M', margin: 1, width: size * 2 }).then(
      (dataUrl) => {
        if (current) setImage({ value, dataUrl });
      },
      () => {
        if (current) setImage(null);
      },
    );
    return () => {
      current = false;
    };
  }, [value, size]);

  const box: CSSProperties = { width: size, height: size, display: 'inline-block', verticalAlign: 'middle', ...style };
  if (!image || image.value !== value) return <span className={className} style={{ ...box, background: '#f5f5f5' }} aria-busy="true" />;
  return <img className={className} src={image.dataUrl} width={size} height={size} style={{ ...box, imageRendering: 'pixelated' }} alt={alt ?? value} title={value} data-qr-value={value} />;
}
