/**
 * The QR code of an e-licence: it carries the address of the licence's public verification page
 * on this site (`<origin>/verify/<identifier>`), so anyone can scan a screen or a printed result
 * and see whether it is genuine and in force. For the issuance screen and printed documents.
 *
 * @example
 * <LicenceQr identifier={licence.identifier} size={120} />
 */
import { useEffect, useState, type CSSProperties } from 'react';
import QRCode from 'qrcode';
import { licenceVerifyUrl } from './model.ts';

export interface LicenceQrProps {
  /** The GB/T 36904 identifier of the licence. */
  identifier: string;
  /** Width and height in CSS pixels; the image is drawn at twice that for sharp printing. */
  size?: number;
  /** The site the code points to; defaults to this page's origin. */
  origin?: string;
  /** Alternative text; defaults to a bilingual description. */
  alt?: string;
  className?: string;
  style?: CSSProperties;
}

export function LicenceQr({ identifier, size = 128, origin, alt, className, style }: LicenceQrProps) {
  const url = licenceVerifyUrl(identifier, origin);
  const [image, setImage] = useState<{ url: string; dataUrl: string } | null>(null);

  useEffect(() => {
    let current = true;
    QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: size * 2 }).then(
      (dataUrl) => {
        if (current) setImage({ url, dataUrl });
      },
      () => {
        if (current) setImage(null);
      },
    );
    return () => {
      current = false;
    };
  }, [url, size]);

  const box: CSSProperties = { width: size, height: size, display: 'inline-block', verticalAlign: 'middle', ...style };
  if (!image || image.url !== url) return <span className={className} style={{ ...box, background: '#f5f5f5' }} aria-busy="true" />;
  return (
    <img
      className={className}
      src={image.dataUrl}
      width={size}
      height={size}
      style={{ ...box, imageRendering: 'pixelated' }}
      alt={alt ?? `电子证照核验二维码 E-licence verification QR code: ${url}`}
      title={url}
      data-verify-url={url}
    />
  );
}
