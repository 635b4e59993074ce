"""Reference values for MetricsReference / SsimTest / MsSsimTest (numpy + scipy only; run: python3 ssim_reference.py).

Decodes camera.png with zlib and PNG unfiltering (no image library), applies the integer distortion of
MetricsReference, and computes SSIM and MS-SSIM as transcriptions of Wang et al.'s ssim_index.m and msssim.m.
"""
import zlib,struct,numpy as np
import os
d=open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'image', 'camera.png'), 'rb').read()
pos=8; idat=b''
while pos<len(d):
  n,=struct.unpack('>I',d[pos:pos+4]); t=d[pos+4:pos+8]; c=d[pos+8:pos+8+n]; pos+=12+n
  if t==b'IDAT': idat+=c
raw=zlib.decompress(idat); W=H=512
img=np.zeros((H,W),dtype=np.int64); prev=[0]*W
for y in range(H):
  f=raw[y*(W+1)]; line=list(raw[y*(W+1)+1:(y+1)*(W+1)]); out=[0]*W
  for x in range(W):
    a=out[x-1] if x>0 else 0; b=prev[x]; c=prev[x-1] if x>0 else 0
    if f==0: p=0
    elif f==1: p=a
    elif f==2: p=b
    elif f==3: p=(a+b)//2
    else:
      pa=abs(b-c); pb=abs(a-c); pc=abs(a+b-2*c)
      p=a if pa<=pb and pa<=pc else (b if pb<=pc else c)
    out[x]=(line[x]+p)&255
  img[y]=out; prev=out

print('camera sum', img.sum(), img[0,0], img[100,200], img[511,511], img[256,17])
from scipy.signal import correlate2d
img=img.astype(np.float64)
H,W=img.shape
yy,xx=np.mgrid[0:H,0:W]
dist=np.clip((img.astype(np.int64)*3)//4 + 30 + ((xx*7+yy*13)%17) - 8, 0, 255).astype(np.float64)
def win():
  ax=np.arange(11)-5.0
  g=np.exp(-(ax[:,None]**2+ax[None,:]**2)/(2*1.5**2)); return g/g.sum()
w=win(); C1=(0.01*255)**2; C2=(0.03*255)**2
def ssim(a,b):
  f=lambda z: correlate2d(z,w,'valid')
  m1=f(a); m2=f(b); s1=f(a*a)-m1*m1; s2=f(b*b)-m2*m2; s12=f(a*b)-m1*m2
  smap=((2*m1*m2+C1)*(2*s12+C2))/((m1*m1+m2*m2+C1)*(s1+s2+C2))
  cs=(2*s12+C2)/(s1+s2+C2)
  return smap.mean(), cs.mean()
def down(z):
  p=np.pad(z,((0,1),(0,1)),mode='symmetric')
  o=(p[:-1,:-1]+p[1:,:-1]+p[:-1,1:]+p[1:,1:])/4
  return o[::2,::2]
wt=[0.0448,0.2856,0.3001,0.2363,0.1333]
def msssim(a,b):
  r=1.0
  for l in range(5):
    s,cs=ssim(a,b)
    r*= (s if l==4 else cs)**wt[l]
    a=down(a); b=down(b)
  return r
print("dist sum", int(dist.sum()))
print("ssim %.12f"%ssim(img,dist)[0])
print("msssim %.12f"%msssim(img,dist))
mse=((img-dist)**2).mean(); print("psnr %.12f"%(10*np.log10(255**2/mse)))
# odd-size crop check: 300x211 crop
a=img[:211,:300]; b=dist[:211,:300]
print("crop ssim %.12f msssim %.12f"%(ssim(a,b)[0], msssim(a,b)))
